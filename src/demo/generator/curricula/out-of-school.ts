/**
 * The two out-of-school enrollments: Мария's art school (Eljur) and Артём's chess club (Dnevnik.ru),
 * each with a few afternoon lessons a week and bells of its own. A data table of the demo
 * (see `../curriculum.ts` for what each field means).
 */
import type { CurriculumPlan } from '../curriculum.js';

/**
 * ДШИ № 7 (children's art school), the fine-arts programme: three academic hours a week, on Tuesday and
 * Thursday afternoons. The bells are Samara time, like the school's: 16:30 there is 15:30 in Moscow,
 * after Мария's longest school day (seven lessons on Tuesdays, until 15:10). Subject ids are kept apart
 * from Лев's (5xx) so they stay unique within the family's Eljur account.
 */
export const ART_SCHOOL: CurriculumPlan = {
  subjects: [
    {
      id: 701,
      name: 'Рисунок',
      teacher: 'Лаптева Вероника Игоревна',
      room: 'Класс рисунка',
      topics: [
        'Натюрморт из геометрических тел',
        'Светотень',
        'Линейная перспектива',
        'Драпировка',
        'Пропорции головы человека',
        'Наброски фигуры человека',
      ],
      homework: ['Наброски с натуры: {a} листов', 'Закончить штриховку', 'Зарисовки предметов быта'],
    },
    {
      id: 702,
      name: 'Живопись',
      teacher: 'Лаптева Вероника Игоревна',
      room: 'Класс живописи',
      topics: [
        'Цветовой круг',
        'Акварель: заливка и растяжка',
        'Натюрморт в тёплой гамме',
        'Натюрморт в холодной гамме',
        'Гризайль',
        'Пейзаж',
      ],
      homework: ['Этюд овощей акварелью', 'Выкраски: {a} оттенков одного цвета'],
    },
    {
      id: 703,
      name: 'Композиция',
      teacher: 'Сомов Аркадий Ильич',
      room: 'Класс композиции',
      topics: ['Ритм и симметрия', 'Композиционный центр', 'Стилизация', 'Иллюстрация к сказке', 'Плакат'],
      homework: ['Эскизы композиции: {a} варианта', 'Подобрать материал к иллюстрации'],
    },
  ],
  week: [[], ['Рисунок'], [], ['Живопись', 'Композиция'], []],
  bells: [
    ['16:30', '17:10'],
    ['17:20', '18:00'],
  ],
  libraryLinks: false,
};

/**
 * The chess club: one ninety-minute class on Wednesday afternoons and another on Friday. Subject ids are
 * kept apart from Софья's (42xxx) so they stay unique within the family's Dnevnik.ru account.
 */
export const CHESS_CLUB: CurriculumPlan = {
  subjects: [
    {
      id: 45101,
      name: 'Шахматы',
      teacher: 'Корчагин Виктор Семёнович',
      room: 'Шахматный зал',
      topics: [
        'Шахматная доска и фигуры',
        'Шах, мат и пат',
        'Дебютные принципы',
        'Тактика: вилка',
        'Тактика: связка',
        'Мат двумя ладьями',
        'Пешечный эндшпиль',
      ],
      homework: [
        'Решить задачи № {a}–{b} из сборника',
        'Разыграть партию с родителями',
        'Задачи на мат в один ход, с. {a}',
      ],
    },
  ],
  week: [[], [], ['Шахматы'], [], ['Шахматы']],
  bells: [['16:00', '17:30']],
  libraryLinks: false,
};
